<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>fixbench::FixturesPanel</name>
    <message numerus="yes">
        <source>Pruned %n leftover stack(s)</source>
        <translation><numerusform>Pruned %n leftover stack</numerusform><numerusform>Pruned %n leftover stacks</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n left (kept or owner alive)</source>
        <translation><numerusform>%n left (kept or owner alive)</numerusform><numerusform>%n left (kept or owner alive)</numerusform></translation>
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
</TS>
