package io.anytask.itest.karaf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/**
 * Runs Karaf shell commands as a console user would, in a session of their own, capturing what they print. A
 * command that runs longer than {@link #LIMIT_SECONDS} is a failure.
 */
final class Shell {
    private static final long LIMIT_SECONDS = 300;
    /** The console's user: Karaf's command ACLs hide feature:install and others from a session without roles. */
    private static final Subject ADMIN = new Subject(true, Set.of(new UserPrincipal("karaf"),
            new RolePrincipal("admin"), new RolePrincipal("manager"), new RolePrincipal("viewer")), Set.of(),
            Set.of());

    private final SessionFactory sessionFactory;

    Shell(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /**
     * Runs a command that must succeed.
     *
     * @return what it printed
     * @throws AssertionError naming the command, its output and its error if it failed
     */
    String run(String command) throws Exception {
        Outcome outcome = execute(command);
        if (outcome.failure != null) {
            throw new AssertionError(command + " failed: " + outcome.failure + "\n" + outcome.output,
                    outcome.failure);
        }
        return outcome.output;
    }

    /**
     * Runs a command that must fail.
     *
     * @return its failure
     * @throws AssertionError with the command's output if it succeeded
     */
    Exception fails(String command) throws Exception {
        Outcome outcome = execute(command);
        if (outcome.failure == null) {
            throw new AssertionError(command + " succeeded; it printed:\n" + outcome.output);
        }
        return outcome.failure;
    }

    private Outcome execute(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), out, out)) {
            Future<Object> result = executor.submit(() -> Subject.doAs(ADMIN,
                    (PrivilegedExceptionAction<Object>) () -> session.execute(command)));
            Exception failure = null;
            try {
                result.get(LIMIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() instanceof PrivilegedActionException ? e.getCause().getCause()
                        : e.getCause();
                failure = cause instanceof Exception ? (Exception) cause : e;
            } catch (TimeoutException e) {
                result.cancel(true);
                throw new AssertionError(command + " still running after " + LIMIT_SECONDS + " s; printed:\n"
                        + bytes.toString(StandardCharsets.UTF_8), e);
            }
            out.flush();
            return new Outcome(bytes.toString(StandardCharsets.UTF_8), failure);
        } finally {
            executor.shutdownNow();
        }
    }

    /** What a command printed, and its failure if it failed. */
    private static final class Outcome {
        final String output;
        final Exception failure;

        Outcome(String output, Exception failure) {
            this.output = output;
            this.failure = failure;
        }
    }
}
