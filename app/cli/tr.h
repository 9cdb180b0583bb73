#pragma once

#include <QCoreApplication>

namespace fixbench {

// The translation context of the command-line tool: Tr::tr("...") in free functions.
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

} // namespace fixbench
