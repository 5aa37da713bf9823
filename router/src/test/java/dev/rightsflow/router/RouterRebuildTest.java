package dev.rightsflow.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;

import java.time.Duration;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AskClarification;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.ClockPaused;
import dev.rightsflow.schemas.avro.ControllerResolved;
import dev.rightsflow.schemas.avro.DeadlineExtended;
import dev.rightsflow.schemas.avro.ExtendDeadline;
import dev.rightsflow.schemas.avro.RecordClarificationReceived;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.testing.SampleEvents;
import dev.rightsflow.schemas.testing.TopicTail;

/**
 * Rebuilding the router's projections from the topics (the system of record): the rebuilt case
 * equals the live one, a redelivered or repeated input dispatches nothing twice, and an input
 * that was handled but whose outputs never reached the topics (the process stopped in between)
 * has its outputs published by the reconciliation that follows the rebuild.
 */
class RouterRebuildTest extends RouterKafkaTest {

    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("routerCaseService")
    dev.rightsflow.router.cases.application.CaseService cases;
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("routerCaseEventAvro")
    dev.rightsflow.router.cases.kafka.CaseEventAvro avro;
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("routerStartup")
    dev.rightsflow.router.startup.RouterStartup startup;

    private RequestReceived plannedMesErasure(String requestId) throws Exception {
        RequestReceived request = SampleEvents.requestReceived(requestId, Right.ERASURE, "mes", "mes-corporate-website");
        send(Topics.REQUESTS, requestId, request);
        CasePlanned planned = awaitOne(Topics.CASES, requestId, CasePlanned.class);
        awaitCase(requestId, c -> c.jsonPath("$.tasks.length()").isEqualTo(planned.getTasks().size()));
        return request;
    }

    /** Sends a new request after everything else on the requests topic and waits until it is planned: all before it was handled. */
    private void drainRequests(String markerId) throws Exception {
        send(Topics.REQUESTS, markerId, SampleEvents.requestReceived(markerId, Right.ACCESS, "mes",
                "mes-corporate-website"));
        awaitOne(Topics.CASES, markerId, CasePlanned.class);
    }

    @Test
    void rebuiltCaseEqualsTheLiveOneAndRedeliveredInputsDispatchNothingTwice() throws Exception {
        String requestId = "req-rebuild-same";
        RequestReceived request = plannedMesErasure(requestId);
        int dispatched = events(Topics.TASKS, requestId, TaskDispatched.class).size();
        assertThat(dispatched).isPositive();
        String before = caseView(requestId);

        rebuild();
        assertThat(caseView(requestId)).isEqualTo(before);

        send(Topics.REQUESTS, requestId, request);
        send(Topics.REQUESTS, requestId, RequestReceived.newBuilder(request)
                .setEventId(Events.derivedId("resubmitted", requestId)).build());
        drainRequests("req-rebuild-marker-1");

        assertThat(events(Topics.TASKS, requestId, TaskDispatched.class)).hasSize(dispatched);
        assertThat(events(Topics.CASES, requestId, CasePlanned.class)).hasSize(1);
        assertThat(caseView(requestId)).isEqualTo(before);
    }

    @Test
    void inputsHandledOnlyByTheRebuildHaveTheirMissingOutputsPublishedOnce() throws Exception {
        String open = "req-gap-open";
        plannedMesErasure(open);

        List<String> held = List.of("router-requests", "router-case-commands");
        held.forEach(id -> listeners.getListenerContainer(id).stop());
        String unanswered = "req-gap-new";
        String question = "cmd-gap-ask";
        try {
            // Both inputs reach the topics, but the router never handles them live: as if it had
            // stopped after taking them in and before publishing what they lead to.
            send(Topics.REQUESTS, unanswered, SampleEvents.requestReceived(unanswered, Right.ERASURE, "mes",
                    "mes-corporate-website"));
            send(Topics.CASE_COMMANDS, open, AskClarification.newBuilder().setEventId(question).setRequestId(open)
                    .setOccurredAt(at("2026-09-08T09:00:00Z")).setActor(dpo("mes"))
                    .setQuestion("Which of your accounts do you mean?").build());

            rebuild();

            assertThat(awaitOne(Topics.CASES, unanswered, ControllerResolved.class).getControllerId()).isEqualTo("mes");
            CasePlanned planned = awaitOne(Topics.CASES, unanswered, CasePlanned.class);
            assertThat(events(Topics.TASKS, unanswered, TaskDispatched.class)).hasSize(planned.getTasks().size());
            ClockPaused paused = awaitOne(Topics.CASES, open, ClockPaused.class);
            assertThat(paused.getEventId()).isEqualTo(Events.derivedId(question, "ClockPaused"));
        } finally {
            held.forEach(id -> listeners.getListenerContainer(id).start());
        }

        // The listeners now receive both inputs: already handled by the rebuild, they change nothing.
        drainRequests("req-gap-marker");
        send(Topics.CASE_COMMANDS, open, AskClarification.newBuilder().setEventId("cmd-gap-marker").setRequestId(open)
                .setOccurredAt(at("2026-09-09T09:00:00Z")).setActor(dpo("mes")).setQuestion("again").build());
        awaitOne(Topics.CASES, open, dev.rightsflow.schemas.avro.CommandRejected.class);
        assertThat(events(Topics.CASES, unanswered, CasePlanned.class)).hasSize(1);
        assertThat(events(Topics.CASES, open, ClockPaused.class)).hasSize(1);
        awaitCase(unanswered, c -> c.jsonPath("$.status").isEqualTo("IN_PROGRESS"));
        awaitCase(open, c -> c.jsonPath("$.paused").isEqualTo(true));
    }

    @Test
    void aBacklogOfRequestsReceivedWhileTheRouterWasDownIsDecidedOnceEachWhenItCatchesUp() throws Exception {
        // more than one batch of the reconciliation (256), the last one partial
        List<String> backlog = java.util.stream.IntStream.range(0, 300).mapToObj(i -> "req-backlog-" + i).toList();
        var requests = listeners.getListenerContainer("router-requests");
        requests.stop();
        try {
            for (String id : backlog) {
                send(Topics.REQUESTS, id, SampleEvents.requestReceived(id, Right.ERASURE, "mes", "mes-corporate-website"));
            }
            rebuild();
        } finally {
            requests.start();
        }
        drainRequests("req-backlog-marker");
        java.util.Map<String, Long> plans = new java.util.HashMap<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            plans.clear();
            for (var r : TopicTail.of(kafka, Topics.CASES)) {
                if (r.value() instanceof CasePlanned && r.key().startsWith("req-backlog-") && !r.key().endsWith("marker")) {
                    plans.merge(r.key(), 1L, Long::sum);
                }
            }
            assertThat(plans).as("every request of the backlog planned").hasSize(backlog.size());
        });
        assertThat(plans.values()).as("and planned once, the redelivery to the listener changing nothing").containsOnly(1L);
        awaitCase(backlog.get(299), c -> c.jsonPath("$.status").isEqualTo("IN_PROGRESS"));
    }

    @Test
    void aRequestFoldedByARunThatStoppedBeforeItsReconciliationIsDecidedByTheNextStart() throws Exception {
        String id = "req-folded-then-stopped";
        RequestReceived request = SampleEvents.requestReceived(id, Right.ERASURE, "mes", "mes-corporate-website");
        var requests = listeners.getListenerContainer("router-requests");
        requests.stop();
        try {
            send(Topics.REQUESTS, id, request);
            // a catch-up folded it (deciding nothing, its offset then stored) and the process stopped before going live
            cases.project(Topics.REQUESTS, avro.input(request));
            assertThat(events(Topics.CASES, id, CasePlanned.class)).as("folded, not decided").isEmpty();

            // the next run's going live: this request is not among what that run folded itself
            startup.caughtUp();
        } finally {
            requests.start(); // its listener now reads the request: already handled, it changes nothing
        }

        CasePlanned planned = awaitOne(Topics.CASES, id, CasePlanned.class);
        assertThat(events(Topics.TASKS, id, TaskDispatched.class)).hasSize(planned.getTasks().size());
        startup.caughtUp();
        drainRequests("req-folded-then-stopped-marker");
        assertThat(events(Topics.CASES, id, CasePlanned.class)).as("reconciled once: the mark is gone").hasSize(1);
    }

    /** The router's commands for one case: a pause, its end, the same end delivered again, a second end (rejected), an extension. */
    private static List<SpecificRecord> commands(String requestId) {
        RecordClarificationReceived answered = RecordClarificationReceived.newBuilder()
                .setEventId("cmd-batch-answered-" + requestId).setRequestId(requestId)
                .setOccurredAt(at("2026-09-14T09:00:00Z")).setActor(dpo("mes")).build();
        return List.of(AskClarification.newBuilder().setEventId("cmd-batch-ask-" + requestId).setRequestId(requestId)
                        .setOccurredAt(at("2026-09-07T09:00:00Z")).setActor(dpo("mes")).setQuestion("Which account?")
                        .build(),
                answered, answered,
                RecordClarificationReceived.newBuilder(answered).setEventId("cmd-batch-again-" + requestId)
                        .setOccurredAt(at("2026-09-15T09:00:00Z")).build(),
                ExtendDeadline.newBuilder().setEventId("cmd-batch-extend-" + requestId).setRequestId(requestId)
                        .setOccurredAt(at("2026-09-20T09:00:00Z")).setActor(dpo("mes")).setReason("Complex").build());
    }

    /** The types of the router's decisions on a case, in the order they were published. */
    private List<String> decisions(String requestId) {
        return events(Topics.CASES, requestId, SpecificRecord.class).stream().map(Events::type).toList();
    }

    @Test
    void severalEventsOfOneCaseInOneBatchFoldAsOneAtATime() throws Exception {
        String single = "req-batch-single";
        String batched = "req-batch-batched";
        plannedMesErasure(single);
        plannedMesErasure(batched);

        for (SpecificRecord command : commands(single)) { // each folded before the next is sent
            int before = decisions(single).size();
            send(Topics.CASE_COMMANDS, single, command);
            if (!command.equals(commands(single).get(2))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> decisions(single).size() > before);
            }
        }
        listeners.getListenerContainer("router-case-commands").stop();
        try {
            for (SpecificRecord command : commands(batched)) { // all of them waiting for one poll
                send(Topics.CASE_COMMANDS, batched, command);
            }
        } finally {
            listeners.getListenerContainer("router-case-commands").start();
        }
        awaitOne(Topics.CASES, batched, DeadlineExtended.class);

        assertThat(decisions(batched)).isEqualTo(decisions(single)).containsSubsequence("ClockPaused", "ClockResumed",
                "CommandRejected", "DeadlineExtended");
        assertThat(decisions(batched)).filteredOn("ClockResumed"::equals).hasSize(1);
        awaitCase(batched, c -> c.jsonPath("$.extended").isEqualTo(true));
        assertThat(sameShape(caseView(batched), batched)).isEqualTo(sameShape(caseView(single), single));
    }

    /** A case view with its request's own ids (the request id, the task ids derived from it) left out, its tasks by system. */
    private tools.jackson.databind.JsonNode sameShape(String view, String requestId) {
        var node = (tools.jackson.databind.node.ObjectNode) codec.json().readTree(view.replace(requestId, "ID"));
        List<tools.jackson.databind.JsonNode> tasks = new java.util.ArrayList<>();
        node.get("tasks").forEach(t -> tasks.add(((tools.jackson.databind.node.ObjectNode) t).without("taskId")));
        tasks.sort(java.util.Comparator.comparing(t -> t.get("systemId").toString()));
        node.putArray("tasks").addAll(tasks);
        return node;
    }

    @Test
    void aRecordThatCannotBeReadMidBatchIsDeadLetteredAndThoseAroundItAreHandledOnce() throws Exception {
        String before = "req-batch-before-bad";
        String after = "req-batch-after-bad";
        double deadLetters = deadLetters(Topics.REQUESTS);
        listeners.getListenerContainer("router-requests").stop();
        try {
            send(Topics.REQUESTS, before, SampleEvents.requestReceived(before, Right.ERASURE, "mes",
                    "mes-corporate-website"));
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
                    java.util.Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.REQUESTS, "req-batch-bad",
                        "not an event".getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
            }
            send(Topics.REQUESTS, after, SampleEvents.requestReceived(after, Right.ERASURE, "mes",
                    "mes-corporate-website"));
        } finally {
            listeners.getListenerContainer("router-requests").start();
        }
        CasePlanned planned = awaitOne(Topics.CASES, after, CasePlanned.class);
        drainRequests("req-batch-bad-marker");

        for (String id : List.of(before, after)) {
            assertThat(events(Topics.CASES, id, CasePlanned.class)).hasSize(1);
            assertThat(events(Topics.TASKS, id, TaskDispatched.class)).hasSize(planned.getTasks().size());
        }
        assertThat(deadLetters(Topics.REQUESTS) - deadLetters).isEqualTo(1.0);
    }

    /** The router's dead letters from {@code topic} so far, as its metrics count them. */
    private static double deadLetters(String topic) {
        var counter = io.micrometer.core.instrument.Metrics.globalRegistry.find("rightsflow.kafka.dead.letters")
                .tag("service", "router").tag("topic", topic).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void stoppedMidStreamTheRouterResumesWhereItWasWithoutDoingAnythingTwice() throws Exception {
        List<String> ids = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "req-batch-stream-" + i).toList();
        for (int i = 0; i < ids.size(); i++) {
            if (i == ids.size() / 2) { // some handled, the rest waiting: then it starts again from its stored offsets
                listeners.getListenerContainer("router-requests").stop();
            }
            send(Topics.REQUESTS, ids.get(i), SampleEvents.requestReceived(ids.get(i), Right.ERASURE, "mes",
                    "mes-corporate-website"));
        }
        listeners.getListenerContainer("router-requests").start();
        drainRequests("req-batch-stream-marker");

        java.util.Map<String, Integer> plans = new java.util.HashMap<>();
        java.util.Map<String, Integer> tasks = new java.util.HashMap<>();
        java.util.Map<String, Integer> dispatched = new java.util.HashMap<>();
        dev.rightsflow.schemas.kafka.TopicReplay.replay(kafka, List.of(Topics.CASES, Topics.TASKS), r -> {
            if (r.value() instanceof CasePlanned p) {
                plans.merge(r.key(), 1, Integer::sum);
                tasks.put(r.key(), p.getTasks().size());
            } else if (r.value() instanceof TaskDispatched) {
                dispatched.merge(r.key(), 1, Integer::sum);
            }
        });
        for (String id : ids) {
            assertThat(plans.get(id)).as(id).isEqualTo(1);
            assertThat(dispatched.get(id)).as(id).isEqualTo(tasks.get(id)).isPositive();
        }
    }
}
