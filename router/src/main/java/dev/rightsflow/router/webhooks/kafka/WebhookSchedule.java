package dev.rightsflow.router.webhooks.kafka;

import dev.rightsflow.router.PeriodicCheck;
import java.time.Duration;

import dev.rightsflow.router.webhooks.application.WebhookDeliveries;
import dev.rightsflow.schemas.state.ProjectionState;

/**
 * Makes the webhook attempts that are due ({@link WebhookDeliveries#deliverDue}) every {@code webhook-interval},
 * once the router is live: while it catches up, deliveries are only folded, so a restart resumes the retries it
 * owes from the cases topic and sends what a crash left unsent.
 */
public class WebhookSchedule extends PeriodicCheck {

    private final WebhookDeliveries deliveries;
    private final ProjectionState state;

    public WebhookSchedule(WebhookDeliveries deliveries, ProjectionState state, Duration interval) {
        super("webhooks", interval, state::catchingUp);
        this.deliveries = deliveries;
        this.state = state;
    }

    @Override
    public int checkNow() {
        return state.catchingUp() ? 0 : deliveries.deliverDue();
    }

    @Override
    protected String describe(int done) {
        return "router: " + done + " webhook attempt(s) made";
    }
}
