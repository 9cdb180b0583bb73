#pragma once

// What the benchmarks share: the median of their rounds.

#include <QList>

#include <algorithm>

namespace fixbench::bench {

inline double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[v.size() / 2];
}

} // namespace fixbench::bench
