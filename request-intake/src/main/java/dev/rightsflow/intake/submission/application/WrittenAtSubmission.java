package dev.rightsflow.intake.submission.application;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;


/**
 * The requests whose {@code RequestReceived} this process published and fully folded itself while answering:
 * their status written, their first-of-window duplicate fingerprint registered and, when keyed, their idempotency
 * record completed. Intake's listener, meeting such an event, {@link #take takes} it off the list and writes none
 * of it again: one owner per write. Everything else it folds as before: requests of another instance, of a
 * previous run (the list lives in memory, so after a crash the listener writes what the submission may not have
 * finished), and replays after {@link #clear}.
 *
 * <p>Bounded: past {@link #CAPACITY} unfolded ids (a listener far behind) the oldest are dropped, which only
 * means the listener writes those again, as it always did.
 */
public class WrittenAtSubmission {

    static final int CAPACITY = 100_000;

    private final Set<String> written = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > CAPACITY;
                }
            }));

    /** The submission wrote everything the listener would write for {@code requestId}. */
    public void add(String requestId) {
        written.add(requestId);
    }

    /** @return whether the submission already wrote what the listener would; the id is forgotten either way */
    public boolean take(String requestId) {
        return written.remove(requestId);
    }

    /** Intake's views are cleared to be folded again: every request must be written by the fold. */
    public void clear() {
        written.clear();
    }
}
