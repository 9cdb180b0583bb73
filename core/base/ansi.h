#pragma once

#include <QString>
#include <QStringView>

namespace fixbench::ansi {

// `line` without terminal escape sequences: CSI (colours, cursor moves), OSC (titles,
// links) and other ESC sequences.
QString strip(QStringView line);

} // namespace fixbench::ansi
