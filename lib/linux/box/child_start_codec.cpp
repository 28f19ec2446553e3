#include "child_start_codec.hpp"

#include <cstdint>
#include <cstring>

namespace sandbox::linux_box {
namespace {

// Bumped whenever a field changes; library and embedded init are built together, so a
// mismatch means a foreign init and is refused.
constexpr std::uint32_t format_version = 1;

class Writer {
public:
    template <typename T>
    void put(T value) {
        static_assert(std::is_trivially_copyable_v<T>);
        out_.append(reinterpret_cast<const char*>(&value), sizeof value);
    }
    void put_string(const std::string& s) {
        put<std::uint32_t>(static_cast<std::uint32_t>(s.size()));
        out_.append(s);
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

class Reader {
public:
    Reader(const char* data, std::size_t size) : data_(data), left_(size) {}

    template <typename T>
    bool get(T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        if (left_ < sizeof value) return false;
        std::memcpy(&value, data_, sizeof value);
        data_ += sizeof value;
        left_ -= sizeof value;
        return true;
    }
    bool get_string(std::string& s) {
        std::uint32_t n = 0;
        if (!get(n) || n > left_) return false;
        s.assign(data_, n);
        data_ += n;
        left_ -= n;
        return true;
    }
    // A count of items each at least `min_item` bytes long: bounded by what is left.
    bool get_count(std::uint32_t& n, std::size_t min_item) {
        return get(n) && static_cast<std::size_t>(n) * min_item <= left_;
    }
    bool at_end() const { return left_ == 0; }

private:
    const char* data_;
    std::size_t left_;
};

void put_strings(Writer& w, char* const* array) {
    std::uint32_t n = 0;
    while (array[n]) ++n;
    w.put(n);
    for (std::uint32_t i = 0; i < n; ++i) w.put_string(array[i]);
}

// Reads strings into `out.strings` and returns a null-terminated array pointing at them.
bool get_strings(Reader& r, DecodedChildStart& out, std::vector<char*>& array) {
    std::uint32_t n = 0;
    if (!r.get_count(n, sizeof(std::uint32_t))) return false;
    array.clear();
    for (std::uint32_t i = 0; i < n; ++i) {
        std::string& s = out.strings.emplace_back();
        if (!r.get_string(s)) return false;
        array.push_back(s.data());
    }
    array.push_back(nullptr);
    return true;
}

void put_ints(Writer& w, const std::vector<int>& values) {
    w.put(static_cast<std::uint32_t>(values.size()));
    for (int v : values) w.put(v);
}

bool get_ints(Reader& r, std::vector<int>& values) {
    std::uint32_t n = 0;
    if (!r.get_count(n, sizeof(int))) return false;
    values.resize(n);
    for (int& v : values) {
        if (!r.get(v)) return false;
    }
    return true;
}

void put_landlock(Writer& w, const LandlockRules* rules) {
    w.put<std::uint8_t>(rules != nullptr);
    if (!rules) return;
    w.put(rules->handled_fs);
    w.put(rules->handled_net);
    w.put(rules->scoped);
    w.put(rules->restrict_flags);
    w.put(static_cast<std::uint32_t>(rules->paths.size()));
    for (const LandlockPathRule& p : rules->paths) {
        w.put_string(p.path);
        w.put(p.access);
        w.put<std::uint8_t>(p.optional);
    }
    w.put(static_cast<std::uint32_t>(rules->connect_ports.size()));
    for (std::uint16_t port : rules->connect_ports) w.put(port);
}

bool get_landlock(Reader& r, DecodedChildStart& out) {
    std::uint8_t present = 0;
    if (!r.get(present)) return false;
    if (!present) return true;
    LandlockRules& rules = out.landlock;
    std::uint32_t n = 0;
    if (!r.get(rules.handled_fs) || !r.get(rules.handled_net) || !r.get(rules.scoped) ||
        !r.get(rules.restrict_flags) || !r.get_count(n, 13)) {
        return false;
    }
    rules.paths.resize(n);
    for (LandlockPathRule& p : rules.paths) {
        std::uint8_t optional = 0;
        if (!r.get_string(p.path) || !r.get(p.access) || !r.get(optional)) return false;
        p.optional = optional != 0;
    }
    if (!r.get_count(n, sizeof(std::uint16_t))) return false;
    rules.connect_ports.resize(n);
    for (std::uint16_t& port : rules.connect_ports) {
        if (!r.get(port)) return false;
    }
    out.spec.landlock = &rules;
    return true;
}

void put_fs_ops(Writer& w, const std::vector<FsOp>& ops) {
    w.put(static_cast<std::uint32_t>(ops.size()));
    for (const FsOp& op : ops) {
        w.put(op.kind);
        w.put_string(op.step);
        w.put_string(op.path);
        w.put_string(op.source);
        w.put_string(op.fstype);
        w.put_string(op.data);
        w.put<std::uint64_t>(op.flags);
        w.put<std::uint32_t>(op.mode);
    }
}

bool get_fs_ops(Reader& r, DecodedChildStart& out) {
    std::uint32_t n = 0;
    if (!r.get_count(n, 1 + 5 * sizeof(std::uint32_t) + 12)) return false;
    out.spec.fs_ops.resize(n);
    for (FsOp& op : out.spec.fs_ops) {
        std::uint64_t flags = 0;
        std::uint32_t mode = 0;
        std::string& step = out.strings.emplace_back();
        if (!r.get(op.kind) || op.kind > FsOp::unmount || !r.get_string(step) || !r.get_string(op.path) ||
            !r.get_string(op.source) || !r.get_string(op.fstype) || !r.get_string(op.data) || !r.get(flags) ||
            !r.get(mode)) {
            return false;
        }
        op.step = step.c_str();
        op.flags = static_cast<unsigned long>(flags);
        op.mode = mode;
    }
    return true;
}

void put_spec(Writer& w, const ChildSpec& s) {
    for (bool flag : {s.isolate, s.own_network, s.die_with_parent, s.switch_ids, s.clear_groups,
                      s.child_writes_id_maps, s.seccomp_listener}) {
        w.put<std::uint8_t>(flag);
    }
    w.put(s.uid);
    w.put(s.gid);
    w.put_string(s.uid_map);
    w.put_string(s.gid_map);
    w.put(s.cap_last_cap);
    w.put(s.keep_caps);
    w.put(s.supervisor_pid);
    put_fs_ops(w, s.fs_ops);
    w.put_string(s.hostname);
    w.put_string(s.cwd);
    put_strings(w, s.argv.data());
    put_strings(w, s.envp.data());
    w.put(static_cast<std::uint32_t>(s.rlimits.size()));
    for (const auto& [resource, value] : s.rlimits) {
        w.put(resource);
        w.put<std::uint64_t>(value.rlim_cur);
        w.put<std::uint64_t>(value.rlim_max);
    }
    put_landlock(w, s.landlock);
    w.put<std::uint32_t>(s.seccomp.len);
    for (unsigned i = 0; i < s.seccomp.len; ++i) w.put(s.seccomp.filter[i]);
}

bool get_spec(Reader& r, DecodedChildStart& out) {
    ChildSpec& s = out.spec;
    for (bool* flag : {&s.isolate, &s.own_network, &s.die_with_parent, &s.switch_ids, &s.clear_groups,
                       &s.child_writes_id_maps, &s.seccomp_listener}) {
        std::uint8_t byte = 0;
        if (!r.get(byte)) return false;
        *flag = byte != 0;
    }
    if (!r.get(s.uid) || !r.get(s.gid) || !r.get_string(s.uid_map) || !r.get_string(s.gid_map) ||
        !r.get(s.cap_last_cap) || !r.get(s.keep_caps) || !r.get(s.supervisor_pid) || !get_fs_ops(r, out) ||
        !r.get_string(s.hostname) || !r.get_string(s.cwd) || !get_strings(r, out, s.argv) ||
        !get_strings(r, out, s.envp)) {
        return false;
    }
    if (s.argv.size() < 2) return false;  // execve needs a program
    std::uint32_t n = 0;
    if (!r.get_count(n, sizeof(int) + 2 * sizeof(std::uint64_t))) return false;
    s.rlimits.resize(n);
    for (auto& [resource, value] : s.rlimits) {
        std::uint64_t cur = 0, max = 0;
        if (!r.get(resource) || !r.get(cur) || !r.get(max)) return false;
        value = rlimit{cur, max};
    }
    if (!get_landlock(r, out)) return false;
    if (!r.get_count(n, sizeof(sock_filter)) || n > BPF_MAXINSNS) return false;
    out.seccomp.resize(n);
    for (sock_filter& insn : out.seccomp) {
        if (!r.get(insn)) return false;
    }
    s.seccomp.len = static_cast<unsigned short>(n);
    s.seccomp.filter = out.seccomp.data();
    return true;
}

void put_fds(Writer& w, const ChildFds& f) {
    for (int fd : {f.stdin_read, f.stdout_write, f.stderr_write, f.status_write, f.sync_read, f.supervisor_pidfd,
                   f.notify_send}) {
        w.put(fd);
    }
    put_ints(w, f.cgroup_attach);
    put_ints(w, f.keep);
}

bool get_fds(Reader& r, ChildFds& f) {
    for (int* fd : {&f.stdin_read, &f.stdout_write, &f.stderr_write, &f.status_write, &f.sync_read,
                    &f.supervisor_pidfd, &f.notify_send}) {
        if (!r.get(*fd)) return false;
    }
    return get_ints(r, f.cgroup_attach) && get_ints(r, f.keep);
}

}  // namespace

std::string encode_child_start(const ChildSpec& spec, const ChildFds& fds) {
    Writer w;
    w.put(format_version);
    put_spec(w, spec);
    put_fds(w, fds);
    return w.take();
}

bool decode_child_start(const char* data, std::size_t size, DecodedChildStart& out) {
    Reader r(data, size);
    std::uint32_t version = 0;
    return r.get(version) && version == format_version && get_spec(r, out) && get_fds(r, out.fds) && r.at_end();
}

}  // namespace sandbox::linux_box
