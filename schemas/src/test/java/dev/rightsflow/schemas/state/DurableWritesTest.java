package dev.rightsflow.schemas.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rightsflow.schemas.embedded.IndexedDiskBackend;

/**
 * A flush whose checkpoint fails reaches its caller as an error (before, the failure was logged and the flush
 * returned normally, so staff were told a letter's scan was kept when it was not written), on both stores: a memory
 * store whose snapshot cannot be written, a disk store whose commit cannot be made.
 */
class DurableWritesTest {

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        DurableWrites.clear();
    }

    @Test
    void aCheckpointThatWritesLetsTheFlushReturn() {
        int[] written = {0};
        DurableWrites.register(() -> written[0]++);
        DurableWrites.flush();
        assertThat(written[0]).isEqualTo(1);
    }

    @Test
    void aSnapshotThatCannotBeWrittenFailsTheFlush() {
        IOException full = new IOException("No space left on device");
        DurableWrites.register(() -> {
            throw full;
        });
        assertThatThrownBy(DurableWrites::flush).isInstanceOf(DurableWrites.NotWritten.class)
                .hasMessageContaining("not durable").hasCause(full);
    }

    @Test
    void aDiskStoreWhoseCommitFailsFailsTheFlush() {
        IndexedDiskBackend store = IndexedDiskBackend.open(dir);
        DurableWrites.register(store::commit);
        DurableWrites.flush();
        store.close(); // what the flush's commit then meets: a store that can write nothing more
        assertThatThrownBy(DurableWrites::flush).isInstanceOf(DurableWrites.NotWritten.class)
                .hasRootCauseInstanceOf(IllegalStateException.class).rootCause().hasMessageContaining("closed");
    }

    @Test
    void withNoStoreRegisteredEveryWriteIsDurableAlready() {
        DurableWrites.register(() -> {
            throw new IOException("not reached");
        });
        DurableWrites.clear();
        DurableWrites.flush();
    }
}
