package dev.rightsflow.connectors.vendors;

import java.util.EnumSet;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.schemas.model.ConnectorCapabilities;
import dev.rightsflow.connectors.spi.ConfigDef;
import dev.rightsflow.connectors.spi.ConfigKey;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.Outcome;

/**
 * A person at the processor or controller does the task (a system with no API: paper files,
 * Microsoft 365 mailboxes, SAGE, an associate's attendee list) and confirms it on the dashboard
 * with evidence text ({@code ConfirmManualTask}). The runtime sends a reminder
 * ({@code TaskNeedsPerson} again) every {@code reminderEvery} until it is confirmed.
 */
public final class ManualConnector implements Connector {

    private static final ConfigDef CONFIG = ConfigDef.of(
            ConfigKey.optional("instructions", ConfigKey.Type.STRING, null, "what the person should do, where, and what evidence to keep"),
            ConfigKey.optional("contact", ConfigKey.Type.STRING, null, "team or role responsible (never a personal email)"),
            ConfigKey.optional(Outcome.NeedsPerson.REMINDER_EVERY, ConfigKey.Type.DURATION, "P3D", "how often to remind until the task is confirmed"));

    @Override
    public String name() {
        return "manual";
    }

    @Override
    public String documentation() {
        return "processor-connectors/README.md#manual";
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public ConnectorCapabilities capabilities() {
        return ConnectorCapabilities.of(name(), EnumSet.allOf(Action.class));
    }

    @Override
    public Outcome execute(ConnectorTask task, ConnectorContext context) {
        StringBuilder text = new StringBuilder(describe(task.action())).append(" in ").append(task.systemId()).append('.');
        task.config().optional("instructions").ifPresent(i -> text.append(' ').append(i));
        task.config().optional("contact").ifPresent(c -> text.append(" Responsible: ").append(c).append('.'));
        text.append(" Then confirm the task on the dashboard, saying what was found and done.");
        return new Outcome.NeedsPerson(text.toString());
    }

    private static String describe(Action action) {
        return switch (action) {
            case ERASE -> "Delete the subject's personal data (Art 17), keeping only what an exemption recorded on the case requires,";
            case EXPORT -> "Find and copy the subject's personal data for the access package (Art 15)";
            case RECTIFY -> "Correct the subject's data as the request says (Art 16)";
            case RESTRICT -> "Mark the subject's data as restricted: store only, no other processing (Art 18)";
            case SUPPRESS -> "Add the subject to the marketing suppression list and stop all direct marketing (Art 21(3))";
            case WITHDRAW_CONSENT -> "Record the withdrawal of consent for the purposes named and stop that processing (Art 7(3))";
            case NOTIFY_RECIPIENT -> "Tell this recipient about the rectification, erasure or restriction (Art 19)";
            case FORWARD_TO_CONTROLLER -> "Forward the request to the controller without delay (Art 28(3)(e))";
        };
    }
}
