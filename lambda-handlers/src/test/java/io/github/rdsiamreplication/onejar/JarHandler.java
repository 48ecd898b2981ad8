package io.github.rdsiamreplication.onejar;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One handler entry of the built jar, loaded from the jar alone (its own class loader over the platform's:
 * nothing from the test classpath), called as Lambda calls it: the no-argument constructor, then
 * {@code handleRequest(Map, Context)} with a context whose logger is recorded.
 */
public final class JarHandler implements AutoCloseable {
    private final URLClassLoader loader;
    private final Object handler;
    private final Method handleRequest;
    private final Object context;
    private final StringBuilder log = new StringBuilder();

    private JarHandler(String className) throws ReflectiveOperationException, IOException {
        Path jar = jar();
        loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Class<?> handlerClass = loader.loadClass(className);
        if (handlerClass.getClassLoader() != loader) {
            throw new IllegalStateException(className + " was not loaded from " + jar);
        }
        Class<?> contextType = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
        Class<?> loggerType = loader.loadClass("com.amazonaws.services.lambda.runtime.LambdaLogger");
        Object logger = Proxy.newProxyInstance(loader, new Class<?>[] {loggerType}, (proxy, method, args) -> {
            if (method.getName().equals("log") && args[0] instanceof String line) {
                synchronized (log) {
                    log.append(line);
                }
            }
            return null;
        });
        context = Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "getLogger" -> logger;
                    case "getRemainingTimeInMillis" -> 60_000;
                    default -> null;
                });
        handler = handlerClass.getConstructor().newInstance();
        handleRequest = handlerClass.getMethod("handleRequest", Map.class, contextType);
    }

    /** @return the built handler jar, as failsafe names it in the system property {@code handlerJar} */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("handlerJar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no handler jar at " + jar + ": run the tests with mvn verify");
        }
        return jar;
    }

    /**
     * @param className the handler class, as the construct names it
     * @return its Lambda entry, loaded from the jar alone
     * @throws Exception when the jar lacks the class, its no-argument constructor or handleRequest
     */
    public static JarHandler load(String className) throws Exception {
        return new JarHandler(className);
    }

    /**
     * @param event the event
     * @return the handler's answer
     * @throws RuntimeException what the handler threw
     */
    public Map<?, ?> invoke(Map<String, Object> event) throws Exception {
        try {
            return (Map<?, ?>) handleRequest.invoke(handler, event, context);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** @return what the handler logged so far */
    public String log() {
        synchronized (log) {
            return log.toString();
        }
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
