package io.anytask.worker.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The one connection a worker serves, as blocking streams.
 *
 * @param in bytes from the client
 * @param out bytes to the client
 * @param resource what to close when done
 */
public record Connection(InputStream in, OutputStream out, Closeable resource) implements Closeable {
    @Override
    public void close() throws IOException {
        resource.close();
    }
}
