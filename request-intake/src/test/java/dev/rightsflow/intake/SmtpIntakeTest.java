package dev.rightsflow.intake;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Intake configured as a real installation would be: mail through an SMTP server (a real
 * in-process one, GreenMail, on a free local port), no demo outbox, and a low rate limit (5 per
 * hour per client address, so a test can reach it without racing a refresh), behind a trusted
 * loopback proxy (the test client; requests without forwarding headers count as its own). Its subclasses share
 * this second Spring context and its own embedded broker.
 */
@TestPropertySource(properties = {
        "spring.mail.host=127.0.0.1",
        "rightsflow.intake.demo-outbox=false",
        "rightsflow.intake.mail-from=privacy@rightsflow.example",
        "rightsflow.intake.rate-limit-per-minute=" + SmtpIntakeTest.RATE_LIMIT,
        "rightsflow.intake.rate-limit-period=1h",
        "rightsflow.intake.database=rightsflow-intake-smtp",
        "rightsflow.intake.trusted-proxies=127.0.0.1/32,::1/128"})
abstract class SmtpIntakeTest extends IntakeIntegrationTest {

    static final int RATE_LIMIT = 5;

    /** Started once for the context's lifetime (the context is cached across classes, so no per-class stop). */
    static final GreenMail SMTP = startSmtp();

    private static GreenMail startSmtp() {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        return smtp;
    }

    @DynamicPropertySource
    static void smtpPort(DynamicPropertyRegistry properties) {
        properties.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }
}
