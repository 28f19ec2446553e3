// MetricHistory and ResourceHistory: a fixed number of buckets that always cover the whole run.
#include "history_capacity.hpp"

#include <sandbox/error.hpp>
#include <sandbox/monitor.hpp>

#include <boost/json.hpp>

#include <algorithm>

namespace sandbox {

void monitor_detail::check_history_capacity(std::size_t capacity) {
    if (capacity < 2 || capacity % 2 != 0)
        throw PolicyError("history capacity must be an even number of at least 2 buckets, got " +
                          std::to_string(capacity));
}

MetricHistory::MetricHistory(std::size_t capacity) : capacity_(capacity) {
    monitor_detail::check_history_capacity(capacity);
    buckets_.reserve(capacity_);
}

void MetricHistory::add(double time_s, double value) {
    if (!buckets_.empty() && buckets_.back().count < span_) {
        HistoryBucket& b = buckets_.back();
        b.t_last = time_s;
        b.min = std::min(b.min, value);
        b.max = std::max(b.max, value);
        b.mean += (value - b.mean) / static_cast<double>(b.count + 1);
        ++b.count;
        return;
    }
    if (buckets_.size() == capacity_) merge_pairs();
    buckets_.push_back(HistoryBucket{time_s, time_s, value, value, value, 1});
}

// Halves the number of buckets: each pair becomes one bucket covering both.
void MetricHistory::merge_pairs() {
    for (std::size_t i = 0; i < buckets_.size() / 2; ++i) {
        const HistoryBucket& a = buckets_[2 * i];
        const HistoryBucket& b = buckets_[2 * i + 1];
        HistoryBucket m;
        m.t_first = a.t_first;
        m.t_last = b.t_last;
        m.min = std::min(a.min, b.min);
        m.max = std::max(a.max, b.max);
        m.count = a.count + b.count;
        m.mean = (a.mean * static_cast<double>(a.count) + b.mean * static_cast<double>(b.count)) /
                 static_cast<double>(m.count);
        buckets_[i] = m;
    }
    buckets_.resize(buckets_.size() / 2);
    span_ *= 2;
}

std::vector<HistoryBucket> MetricHistory::buckets() const { return buckets_; }

ResourceHistory::ResourceHistory(std::size_t capacity) {
    for (const auto& name : resource_metric_names()) metrics_.emplace(name, MetricHistory(capacity));
}

void ResourceHistory::add(const ResourceSample& sample) {
    for (const auto& [name, value] : sample.values()) metrics_.at(name).add(sample.time_s, value);
}

std::string ResourceHistory::to_json() const {
    boost::json::object out;
    for (const auto& [name, history] : metrics_) {
        boost::json::array list;
        for (const auto& b : history.buckets())
            list.push_back(boost::json::object{{"t_first", b.t_first}, {"t_last", b.t_last}, {"min", b.min},
                                               {"max", b.max}, {"mean", b.mean}, {"count", b.count}});
        out[name] = std::move(list);
    }
    return boost::json::serialize(out);
}

}  // namespace sandbox
