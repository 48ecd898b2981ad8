package io.github.rdsiamreplication.grant;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the calls on a JDBC connection that each cost one network round trip with pgjdbc: executing
 * a statement or a batch, commit and rollback. (pgjdbc prepares lazily and sends BEGIN with the first
 * query, so preparing and turning auto-commit off cost nothing.)
 */
final class RoundTripCounter {
    private static final Set<String> ROUND_TRIPS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeBatch", "executeLargeUpdate", "executeLargeBatch", "commit", "rollback");

    private final AtomicInteger count = new AtomicInteger();

    /** @return an opener whose connections are counted */
    DatabaseConnector.ConnectionOpener opener() {
        return (settings, credentials) -> wrap(DatabaseConnector.PGJDBC.open(settings, credentials), Connection.class);
    }

    int count() {
        return count.get();
    }

    void reset() {
        count.set(0);
    }

    private <T> T wrap(T target, Class<T> type) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (ROUND_TRIPS.contains(method.getName())) {
                count.incrementAndGet();
            }
            Object result = invoke(target, method, args);
            if (result instanceof CallableStatement || !(result instanceof Statement statement)) {
                return result;
            }
            return result instanceof PreparedStatement prepared ? wrap(prepared, PreparedStatement.class)
                    : wrap(statement, Statement.class);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
