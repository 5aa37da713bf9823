package dev.rightsflow.auditlog.cases.application;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.cases.model.CaseFile;

/** Where case projections are kept. A projection: it can be dropped and rebuilt from the topics. */
public interface CaseStore {

    Mono<CaseFile> find(String requestId);

    Mono<Void> save(CaseFile file);

    /** The cases of these requests, by request id (those that exist), in one read where the store can. */
    default Mono<java.util.Map<String, CaseFile>> findAll(java.util.Collection<String> requestIds) {
        return Flux.fromIterable(requestIds).concatMap(this::find)
                .collectMap(file -> file.requestId, file -> file, java.util.LinkedHashMap::new);
    }

    /** Saves these cases, in one bulk write where the store can. */
    default Mono<Void> saveAll(java.util.Collection<CaseFile> files) {
        return Flux.fromIterable(files).concatMap(this::save).then();
    }

    /**
     * Cases an organisation may see (controller, receiver or processor), or every case when
     * {@code organisationId} is null; only open ones (not closed or refused) when {@code openOnly}.
     */
    Flux<CaseFile> visibleTo(String organisationId, boolean openOnly);

    Mono<Long> count();

    Mono<Void> dropForRebuild();
}
