package io.anytask.itest.leaks.internal;

import io.anytask.registry.InterfaceRegistry;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import org.osgi.service.component.annotations.Component;

/**
 * The interface {@code leak-jdbc}: {@link #leak()} registers a JDBC driver of its own and never deregisters
 * it, so the worker must not be renewed.
 */
@Component(service = LeakJdbc.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=leak-jdbc")
public class LeakJdbc {
    private static final long TOKEN = System.nanoTime();

    /** @return {@code PID:TOKEN}, see {@link Identity} */
    public String identity() {
        return Identity.of(TOKEN);
    }

    /** Registers a {@link NoDriver} with {@link DriverManager}. @return identity */
    public String leak() throws Exception {
        DriverManager.registerDriver(new NoDriver());
        return identity();
    }

    /** A JDBC driver that accepts no URL. */
    static final class NoDriver implements Driver {
        @Override
        public Connection connect(String url, Properties info) {
            return null;
        }

        @Override
        public boolean acceptsURL(String url) {
            return false;
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return new DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 0;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("no logger");
        }
    }
}
