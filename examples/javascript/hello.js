// Runs inside the box: prints what the program can see of its world.
const os = require('os');
const fs = require('fs');

console.log('Hello from inside the sandbox!');
console.log(`hostname ${os.hostname()}, pid ${process.pid}, uid ${process.getuid()}, cwd ${process.cwd()}`);
console.log(`files here: ${JSON.stringify(fs.readdirSync('.').sort())}`);
