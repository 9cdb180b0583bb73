<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Cli</name>
    <message numerus="yes">
        <source>used by %n process(es)</source>
        <translation><numerusform>used by %n process</numerusform><numerusform>used by %n processes</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%1 released: it stays up while %n other process(es) use it</source>
        <translation><numerusform>%1 released: it stays up while %n other process uses it</numerusform><numerusform>%1 released: it stays up while %n other processes use it</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>watching %n test binary(ies) for a rebuild (Ctrl-C ends)</source>
        <translation><numerusform>watching %n test binary for a rebuild (Ctrl-C ends)</numerusform><numerusform>watching %n test binaries for a rebuild (Ctrl-C ends)</numerusform></translation>
    </message>
</context>
<context>
    <name>fixbench::FixtureManager</name>
    <message numerus="yes">
        <source>%1 stays up: %n other process(es) use it</source>
        <translation><numerusform>%1 stays up: %n other process uses it</numerusform><numerusform>%1 stays up: %n other processes use it</numerusform></translation>
    </message>
</context>
<context>
    <name>fixbench::StackInventory</name>
    <message numerus="yes">
        <source>keeping %1 (in use: %n lease(s))</source>
        <translation><numerusform>keeping %1 (in use: %n lease)</numerusform><numerusform>keeping %1 (in use: %n leases)</numerusform></translation>
    </message>
</context>
<context>
    <name>fixbench::FixturesModel</name>
    <message numerus="yes">
        <source>used by %n process(es)</source>
        <translation><numerusform>used by %n process</numerusform><numerusform>used by %n processes</numerusform></translation>
    </message>
</context>
<context>
    <name>fixbench::FixturesPanel</name>
    <message numerus="yes">
        <source>Pruned %n leftover stack(s)</source>
        <translation><numerusform>Pruned %n leftover stack</numerusform><numerusform>Pruned %n leftover stacks</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n left (kept or in use)</source>
        <translation><numerusform>%n left (kept or in use)</numerusform><numerusform>%n left (kept or in use)</numerusform></translation>
    </message>
</context>
<context>
    <name>fixbench::FtpPanel</name>
    <message numerus="yes">
        <source>%1 — %n item(s)</source>
        <translation><numerusform>%1 — %n item</numerusform><numerusform>%1 — %n items</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%1: %n row(s)</source>
        <translation><numerusform>%1: %n row</numerusform><numerusform>%1: %n rows</numerusform></translation>
    </message>
</context>
<context>
    <name>fixbench::FixtureLogs</name>
    <message numerus="yes">
        <source>[... %n earlier line(s) cut: an excerpt keeps the last %1 lines, %2 KiB ...]</source>
        <translation><numerusform>[... %n earlier line cut: an excerpt keeps the last %1 lines, %2 KiB ...]</numerusform><numerusform>[... %n earlier lines cut: an excerpt keeps the last %1 lines, %2 KiB ...]</numerusform></translation>
    </message>
</context>
<context>
    <name>fixbench::LogsPanel</name>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation><numerusform>%n line</numerusform><numerusform>%n lines</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>paused, %n line(s) held back</source>
        <translation><numerusform>paused, %n line held back</numerusform><numerusform>paused, %n lines held back</numerusform></translation>
    </message>
</context>
<context>
    <name>fixbench::TestsPanel</name>
    <message numerus="yes">
        <source>Running %n test binary(ies)…</source>
        <translation><numerusform>Running %n test binary…</numerusform><numerusform>Running %n test binaries…</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n test binary(ies) could not be listed (see the Tests panel)</source>
        <translation><numerusform>%n test binary could not be listed (see the Tests panel)</numerusform><numerusform>%n test binaries could not be listed (see the Tests panel)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Running the checked tests the filter shows; %n checked test(s) it hides are not run</source>
        <translation><numerusform>Running the checked tests the filter shows; %n checked test it hides is not run</numerusform><numerusform>Running the checked tests the filter shows; %n checked tests it hides are not run</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>fixbench.yml changed: %n test binary(ies)</source>
        <translation><numerusform>fixbench.yml changed: %n test binary</numerusform><numerusform>fixbench.yml changed: %n test binaries</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Artifacts collected in %1 (%n file(s))</source>
        <translation><numerusform>Artifacts collected in %1 (%n file)</numerusform><numerusform>Artifacts collected in %1 (%n files)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Artifacts collected in %1 (%n file(s)); not collected: %2</source>
        <translation><numerusform>Artifacts collected in %1 (%n file); not collected: %2</numerusform><numerusform>Artifacts collected in %1 (%n files); not collected: %2</numerusform></translation>
    </message>
</context>
</TS>
