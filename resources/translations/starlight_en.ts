<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CrashDialog</name>
    <message numerus="yes">
        <source>This happened %n time(s).</source>
        <translation>
            <numerusform>This happened %n time.</numerusform>
            <numerusform>This happened %n times.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n other error(s) came up too; see the details.</source>
        <translation>
            <numerusform>%n other error came up too; see the details.</numerusform>
            <numerusform>%n other errors came up too; see the details.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CrateView</name>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DropReader</name>
    <message numerus="yes">
        <source>%n item(s) could not be added: %1</source>
        <translation>
            <numerusform>%n item could not be added: %1</numerusform>
            <numerusform>%n items could not be added: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; and %n more</source>
        <translation>
            <numerusform>; and %n more</numerusform>
            <numerusform>; and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Added %n track(s) to the queue</source>
        <translation>
            <numerusform>Added %n track to the queue</numerusform>
            <numerusform>Added %n tracks to the queue</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PlayerSession</name>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 and %n more</numerusform>
            <numerusform>%1 and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Left out of the queue, not found: %n track(s) from the last session (%1)</source>
        <translation>
            <numerusform>Left out of the queue, not found: %n track from the last session (%1)</numerusform>
            <numerusform>Left out of the queue, not found: %n tracks from the last session (%1)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message numerus="yes">
        <source>%n track(s) · %1</source>
        <translation>
            <numerusform>%n track · %1</numerusform>
            <numerusform>%n tracks · %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved %n track(s) to %1.</source>
        <translation>
            <numerusform>Saved %n track to %1.</numerusform>
            <numerusform>Saved %n tracks to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecordListModel</name>
    <message numerus="yes">
        <source>%n track(s)</source>
        <translation>
            <numerusform>%n track</numerusform>
            <numerusform>%n tracks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecordPage</name>
    <message numerus="yes">
        <source>%n track(s)</source>
        <translation>
            <numerusform>%n track</numerusform>
            <numerusform>%n tracks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>7-inch single, %n side(s)</source>
        <translation>
            <numerusform>7-inch single, %n side</numerusform>
            <numerusform>7-inch single, %n sides</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>LP, %n side(s)</source>
        <translation>
            <numerusform>LP, %n side</numerusform>
            <numerusform>LP, %n sides</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanBar</name>
    <message numerus="yes">
        <source>%n file(s) found</source>
        <translation>
            <numerusform>%n file found</numerusform>
            <numerusform>%n files found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n added</source>
        <translation>
            <numerusform>%n added</numerusform>
            <numerusform>%n added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n updated</source>
        <translation>
            <numerusform>%n updated</numerusform>
            <numerusform>%n updated</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n removed</source>
        <translation>
            <numerusform>%n removed</numerusform>
            <numerusform>%n removed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unreadable</source>
        <translation>
            <numerusform>%n unreadable</numerusform>
            <numerusform>%n unreadable</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) checked</source>
        <translation>
            <numerusform>%n file checked</numerusform>
            <numerusform>%n files checked</numerusform>
        </translation>
    </message>
</context>
</TS>
