package io.github.rdsiamreplication.dbsettings;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** The isComplete entry of {@link DatabaseSettingsHandler} (a Lambda handler is one method of one class). */
public class DatabaseSettingsCompletion implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final DatabaseSettingsHandler handler;

    /** The Lambda entry. */
    public DatabaseSettingsCompletion() {
        this(new DatabaseSettingsHandler());
    }

    /** @param handler the handler whose polls this runs */
    public DatabaseSettingsCompletion(DatabaseSettingsHandler handler) {
        this.handler = handler;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return handler.isComplete(event, context);
    }
}
