// Replays a fuzz corpus through the fuzz entry point without libFuzzer: every file in the
// directories given on the command line is fed once. A crash or round-trip mismatch aborts
// (the entry point prints which); the file being fed is printed first so it can be named.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR...\n", argv[0]);
        return 2;
    }
    std::size_t fed = 0;
    for (int i = 1; i < argc; ++i) {
        std::error_code ec;
        std::filesystem::directory_iterator dir(argv[i], ec);
        if (ec) {
            std::fprintf(stderr, "cannot read corpus directory %s: %s\n", argv[i], ec.message().c_str());
            return 2;
        }
        std::vector<std::filesystem::path> files;
        for (const auto& entry : dir)
            if (entry.is_regular_file()) files.push_back(entry.path());
        if (files.empty()) {
            std::fprintf(stderr, "corpus directory %s holds no file\n", argv[i]);
            return 2;
        }
        for (const auto& path : files) {
            std::ifstream in(path, std::ios::binary);
            std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            if (!in.good() && !in.eof()) {
                std::fprintf(stderr, "cannot read %s\n", path.c_str());
                return 2;
            }
            std::fprintf(stderr, "feeding %s\n", path.c_str());
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
            ++fed;
        }
    }
    std::printf("replayed %zu corpus files\n", fed);
    return 0;
}
