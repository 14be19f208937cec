package ai.crafted.integrations.error;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.openapitools.jackson.nullable.JsonNullable;

/**
 * The one rule for text in request bodies and forms, applied to every string of every request
 * record (nested records, lists and merge-patch values included), so no field can be forgotten:
 * no NUL or other control characters (C0, DEL, C1), no bidirectional overrides or isolates
 * (U+202A–U+202E, U+2066–U+2069), no noncharacters (U+FDD0–U+FDEF, U+FFFE, U+FFFF), no unpaired
 * UTF-16 surrogates (invalid Unicode), and no line breaks (including U+2028/U+2029) or tabs except
 * in fields marked {@link MultiLine}. PostgreSQL
 * cannot store NUL in text, and control characters in names and headers only ever do harm.
 */
public final class TextRules {

    private TextRules() {
    }

    /**
     * @throws ApiException 400 with the code the record declares ({@link ErrorCode}, else
     *                      {@code invalid_request}), naming the first field that breaks the rule
     *                      (e.g. {@code config.endpoint})
     */
    public static void check(Object request) {
        List<FieldProblem> problems = problemsOf(request);
        if (!problems.isEmpty()) {
            throw problems.get(0).asException();
        }
    }

    /** Every field that breaks the rule (its first offending character each), in declaration order. */
    public static List<FieldProblem> problemsOf(Object request) {
        List<FieldProblem> problems = new ArrayList<>();
        walk(request, "", codeOf(request.getClass(), ErrorCodes.INVALID_REQUEST), problems);
        return problems;
    }

    private static void walk(Object value, String path, String code, List<FieldProblem> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof JsonNullable<?> nullable) {
            if (nullable.isPresent()) {
                walk(nullable.get(), path, code, problems);
            }
        } else if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                walk(item, path + "[" + index++ + "]", code, problems);
            }
        } else if (value.getClass().isRecord()) {
            String recordCode = codeOf(value.getClass(), code);
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                Object child = read(component, value);
                String field = path.isEmpty() ? component.getName() : path + "." + component.getName();
                if (child instanceof String text) {
                    checkText(text, field, component.isAnnotationPresent(MultiLine.class), recordCode, problems);
                } else {
                    walk(child, field, recordCode, problems);
                }
            }
        } else if (value instanceof String text) {
            checkText(text, path, false, code, problems);
        }
    }

    private static void checkText(String text, String field, boolean multiLine, String code, List<FieldProblem> problems) {
        String problem = problemOf(text, multiLine);
        if (problem != null) {
            problems.add(FieldProblem.invalid(code, field, problem));
        }
    }

    /** What is wrong with the text (its first offending character), or null. */
    private static String problemOf(String text, boolean multiLine) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // U+0085 (NEL) is a C1 control and refused below; U+2028/U+2029 break lines in browsers and editors.
            boolean lineBreakOrTab = c == '\n' || c == '\r' || c == '\t' || c == '\u2028' || c == '\u2029';
            if (lineBreakOrTab && !multiLine) {
                return "must be one line (found a line break or tab at position " + i + ")";
            }
            if (!lineBreakOrTab && (c < 0x20 || c >= 0x7f && c <= 0x9f)) {
                return String.format("must not contain control characters (found U+%04X at position %d)", (int) c, i);
            }
            if (c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069') {
                // Bidirectional overrides make a name display as something else ("Trojan Source", CVE-2021-42574).
                return String.format("must not contain bidirectional control characters (found U+%04X at position %d)",
                        (int) c, i);
            }
            if (c >= '\uFDD0' && c <= '\uFDEF' || c == '\uFFFE' || c == '\uFFFF') {
                return String.format("must not contain Unicode noncharacters (found U+%04X at position %d)", (int) c, i);
            }
            if (Character.isHighSurrogate(c) && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
                return "is not valid Unicode (an unpaired surrogate at position " + i + ")";
            }
        }
        return null;
    }

    private static String codeOf(Class<?> type, String fallback) {
        ErrorCode declared = type.getAnnotation(ErrorCode.class);
        return declared == null ? fallback : declared.value();
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), e);
        }
    }
}
