package io.anytask.examples.bcrypt.internal;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.anytask.protocol.DeferredLog;
import io.anytask.registry.InterfaceRegistry;
import io.anytask.registry.TaskLog;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code bcrypt}, in the method-dispatch form: {@link #hash(String, int)} and
 * {@link #verify(String, String)}. Bad arguments fail the call with a message naming the argument and what was
 * expected, for example {@code cost: 3 (expected: 4 to 31)}.
 */
@Component(service = BcryptInterface.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=bcrypt")
public class BcryptInterface {
    /** bcrypt uses at most this many bytes of a password (UTF-8); longer ones are refused, not cut. */
    static final int MAX_PASSWORD_BYTES = 72;

    /** Both are immutable and thread-safe; the hasher holds the salts' SecureRandom. */
    private final BCrypt.Hasher hasher = BCrypt.withDefaults();
    private final BCrypt.Verifyer verifyer = BCrypt.verifyer();

    /**
     * Hashes {@code password} with a new random salt. The time taken is logged in the request's deferred log as
     * the timer {@code bcrypt}.
     *
     * @param password the password, at most 72 bytes in UTF-8
     * @param cost     the log2 of the number of rounds, 4 to 31 (each step doubles the time; 10 to 12 is usual)
     * @return the hash in the modular crypt form {@code $2a$COST$SALTHASH} (60 characters)
     * @throws IllegalArgumentException if an argument is out of range
     */
    public String hash(String password, int cost) {
        checkPassword(password);
        if (cost < BCrypt.MIN_COST || cost > BCrypt.MAX_COST) {
            throw new IllegalArgumentException("cost: " + cost + " (expected: " + BCrypt.MIN_COST + " to "
                    + BCrypt.MAX_COST + ")");
        }
        TaskLog.info("hashing with cost " + cost);
        try (DeferredLog.Timer timer = TaskLog.timer("bcrypt")) {
            return hasher.hashToString(cost, password.toCharArray());
        }
    }

    /**
     * Tells whether {@code password} is the one {@code hash} was made from.
     *
     * @param password the password to check, at most 72 bytes in UTF-8
     * @param hash     a bcrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$}), as {@link #hash} returns
     * @return true if the password matches
     * @throws IllegalArgumentException if an argument is null, the password too long, or the hash not a bcrypt
     *     hash
     */
    public boolean verify(String password, String hash) {
        checkPassword(password);
        if (hash == null) {
            throw new IllegalArgumentException("hash: null (expected: a bcrypt hash such as $2a$10$...)");
        }
        BCrypt.Result result = verifyer.verify(password.toCharArray(), hash);
        if (!result.validFormat) {
            throw new IllegalArgumentException("hash: not a bcrypt hash: " + result.formatErrorMessage);
        }
        TaskLog.info(result.verified ? "password matches" : "password does not match");
        return result.verified;
    }

    private static void checkPassword(String password) {
        if (password == null) {
            throw new IllegalArgumentException("password: null (expected: a string)");
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("password: " + bytes + " bytes in UTF-8 (expected: at most "
                    + MAX_PASSWORD_BYTES + ", bcrypt's limit)");
        }
    }
}
