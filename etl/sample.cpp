#include "sample.h"

#include <algorithm>

namespace fixbench::etl {

Sample Sample::success(const QDateTime &minute, const Measurement &m)
{
    Sample s;
    s.timestamp = minute.toUTC();
    s.measurement = m;
    return s;
}

Sample Sample::failure(const QDateTime &minute, const QString &why)
{
    Sample s;
    s.timestamp = minute.toUTC();
    s.error = why;
    return s;
}

QList<Sample> sortedByTime(QList<Sample> samples)
{
    std::stable_sort(samples.begin(), samples.end(),
                     [](const Sample &a, const Sample &b) { return a.timestamp < b.timestamp; });
    return samples;
}

} // namespace fixbench::etl
