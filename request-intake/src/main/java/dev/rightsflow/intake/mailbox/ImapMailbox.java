package dev.rightsflow.intake.mailbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Function;

import jakarta.mail.Address;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.FlagTerm;

import dev.rightsflow.intake.registry.model.Mailbox;

/**
 * Reads one organisation's mailbox over IMAP with Jakarta Mail. One {@link #poll} connects, opens the folder, takes
 * at most {@code limit} unseen mails oldest first, hands each to the intake, and sets {@code \Seen} on a mail only
 * when the intake says its request is on the topic; then disconnects. Only the envelope, the Message-ID header and
 * INTERNALDATE are fetched: the text is never downloaded (fetching it would also mark the mail seen too early).
 * Blocking: called on a bounded-elastic thread.
 */
final class ImapMailbox {

    /** What the poll did: mails taken (marked seen) and mails left for the next poll. */
    record Polled(int taken, int left) {
    }

    private final Mailbox mailbox;
    private final String password;
    private final Duration timeout;

    ImapMailbox(Mailbox mailbox, String password, Duration timeout) {
        this.mailbox = mailbox;
        this.password = password;
        this.timeout = timeout;
    }

    Polled poll(int limit, Function<InboundMail, MailboxIntake.Disposition> intake) throws MessagingException {
        String protocol = mailbox.tls() ? "imaps" : "imap";
        Properties settings = new Properties();
        String millis = Long.toString(timeout.toMillis());
        settings.setProperty("mail." + protocol + ".connectiontimeout", millis);
        settings.setProperty("mail." + protocol + ".timeout", millis);
        settings.setProperty("mail." + protocol + ".writetimeout", millis);
        // never download a mail's text while reading headers: it is not needed and would set \Seen
        settings.setProperty("mail." + protocol + ".peek", "true");
        if (mailbox.tls()) {
            settings.setProperty("mail.imaps.ssl.checkserveridentity", "true");
        }
        Store store = Session.getInstance(settings).getStore(protocol);
        store.connect(mailbox.host(), mailbox.port(), mailbox.username(), password);
        try {
            Folder folder = store.getFolder(mailbox.folder());
            folder.open(Folder.READ_WRITE);
            try {
                Message[] unseen = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
                int count = Math.min(limit, unseen.length);
                Message[] batch = java.util.Arrays.copyOf(unseen, count);
                FetchProfile profile = new FetchProfile();
                profile.add(FetchProfile.Item.ENVELOPE);
                profile.add(UIDFolder.FetchProfileItem.UID);
                profile.add("Message-ID");
                profile.add("Auto-Submitted");
                folder.fetch(batch, profile);
                long validity = folder instanceof UIDFolder uids ? uids.getUIDValidity() : 0;
                int taken = 0;
                for (Message message : batch) {
                    InboundMail mail = read(message, folder, validity);
                    if (intake.apply(mail) == MailboxIntake.Disposition.TAKEN) {
                        message.setFlag(Flags.Flag.SEEN, true);
                        taken++;
                    }
                }
                return new Polled(taken, unseen.length - taken);
            } finally {
                folder.close(false);
            }
        } finally {
            store.close();
        }
    }

    private static InboundMail read(Message message, Folder folder, long validity) throws MessagingException {
        String[] ids = message.getHeader("Message-ID");
        String messageId = ids == null || ids.length == 0 ? null : ids[0].strip();
        long uid = folder instanceof UIDFolder uids ? uids.getUID(message) : message.getMessageNumber();
        Address[] from = message.getFrom();
        String address = null;
        String name = null;
        if (from != null && from.length > 0 && from[0] instanceof InternetAddress sender) {
            address = sender.getAddress();
            name = sender.getPersonal();
        }
        Instant received = message.getReceivedDate() != null ? message.getReceivedDate().toInstant()
                : message.getSentDate() != null ? message.getSentDate().toInstant() : Instant.now();
        String[] auto = message.getHeader("Auto-Submitted");
        boolean autoSubmitted = auto != null && auto.length > 0 && !auto[0].strip().equalsIgnoreCase("no");
        return new InboundMail(messageId, validity + ":" + uid, address, name, message.getSubject(), received,
                autoSubmitted);
    }
}
