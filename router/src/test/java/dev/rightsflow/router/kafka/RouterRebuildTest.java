package dev.rightsflow.router.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AskClarification;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.ClockPaused;
import dev.rightsflow.schemas.avro.ControllerResolved;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * Rebuilding the router's projections from the topics (the system of record): the rebuilt case
 * equals the live one, a redelivered or repeated input dispatches nothing twice, and an input
 * that was handled but whose outputs never reached the topics (the process stopped in between)
 * has its outputs published by the reconciliation that follows the rebuild.
 */
class RouterRebuildTest extends RouterKafkaTest {

    @Autowired
    KafkaListenerEndpointRegistry listeners;

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
}
