package dev.rightsflow.auditlog.cases.application;

/** {@link MongoCaseIndexTest} on the in-process server's memory store ({@code RIGHTSFLOW_EMBEDDED_STORE=memory}). */
class MemoryMongoCaseIndexTest extends MongoCaseIndexTest {

    @Override
    String embeddedStore() {
        return "memory";
    }
}
