package dev.rightsflow.router.registry.application;

import java.util.List;

/** Where the registry projection lives (MongoDB). Blocking: called from listener and start-up threads. */
public interface RegistryStore {

    List<RegistryEntry> all();

    /** Stores the entry unless a newer version is already stored. @return whether it was stored */
    boolean upsertIfNewer(RegistryEntry entry);

    long count();

    void clear();
}
