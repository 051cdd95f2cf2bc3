package dev.phasor.code;

import dev.phasor.internal.Hashing;
import dev.phasor.internal.Json;
import dev.phasor.internal.PlainData;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.objectweb.asm.Type;

/**
 * What a step function's code is: a readable origin, a digest of its code, and the argument and result
 * types it was instantiated with. The API turns these into each step's {@code CodeIdentity} and its input
 * type check while a pipeline is built.
 *
 * <p>How the digest is taken: the step function's implementation method is found through its
 * {@code SerializedLambda}; its bytecode, and that of the methods of the same class it calls
 * (transitively), is normalised ({@link BytecodeDigest}) and hashed together with the values the
 * lambda captured. So editing a step's lambda or method body, or a helper in the same class, changes
 * the digest; editing code in other classes does not (a step's {@code version} is for that). JDK
 * methods used directly as step functions are identified by name only.
 *
 * <p>One instance per build; it memoises parsed class files, and what it found per function object: the
 * steps of a large pipeline mostly share a few functions (a non-capturing lambda is one object), so they
 * share one {@link LambdaInfo} instead of a reflective look each. Not thread-safe.
 */
public final class FunctionCode {

    private final BytecodeDigest bytecode = new BytecodeDigest();
    private final Map<Object, LambdaInfo> infoByFunction = new IdentityHashMap<>();
    private final Map<String, String> textDigests = new HashMap<>();
    private final Map<Object, Class<?>> resultTypeByFunction = new IdentityHashMap<>();
    private final Map<Object, Class<?>[]> argumentTypesByFunction = new IdentityHashMap<>();

    /** A short readable name of a step function: {@code LeibnizPi::leibniz}, or {@code Demo::lambda}. */
    public static String describe(Object fn) {
        LambdaInfo info = LambdaInfo.of(fn);
        String className = info.implClass().substring(info.implClass().lastIndexOf('/') + 1);
        return className + "::" + (info.isLambdaBody() ? "lambda" : info.implMethod());
    }

    /** The function's origin with its full class name: {@code dev.phasor.examples.Simple::alpha}. */
    public String description(Object fn) {
        LambdaInfo info = info(fn);
        return info.implClass().replace('/', '.') + "::" + (info.isLambdaBody() ? "lambda" : info.implMethod());
    }

    /** Hex digest of the function's code and captured values. */
    public String digest(Object fn) {
        LambdaInfo info = info(fn);
        String codeDigest = textDigests.computeIfAbsent(info.implClass() + "#" + info.implMethod()
                + info.implDescriptor(), k -> digestOfMethod(info));
        StringBuilder captured = new StringBuilder();
        for (Object value : info.captured()) {
            captured.append(describeCaptured(value, info)).append(';');
        }
        return Hashing.sha256Hex(codeDigest + "|" + captured);
    }

    private LambdaInfo info(Object fn) {
        return infoByFunction.computeIfAbsent(fn, LambdaInfo::of);
    }

    private String digestOfMethod(LambdaInfo info) {
        String method = info.implDescriptor() == null ? info.implMethod() : info.implMethod() + info.implDescriptor();
        boolean jdk = info.implClass().startsWith("java/") || info.implClass().startsWith("javax/")
                || info.implClass().startsWith("jdk/");
        String text = jdk ? null : bytecode.textOf(info.implClass(), method, info.loader());
        String body = text != null ? text : "unreadable:" + info.implClass() + "." + BytecodeDigest.normalise(method);
        return Hashing.sha256Hex(body);
    }

    /** Captured values count by value when they are plain data; other objects by their type only. */
    private static String describeCaptured(Object value, LambdaInfo info) {
        if (PlainData.problem(value) == null) {
            return Json.canonical(value instanceof Enum<?> e ? e.getDeclaringClass().getName() + "." + e.name() : value);
        }
        Class<?> type = value.getClass();
        boolean ownToString = false;
        try {
            ownToString = type.getMethod("toString").getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            // every class has toString
        }
        boolean enclosing = type.getName().replace('.', '/').equals(info.implClass());
        return enclosing || !ownToString || type.isSynthetic() ? "<" + type.getName() + ">" : type.getName() + ":" + value;
    }

    /** The result type the function was instantiated with, or null if its class file does not say. */
    public Class<?> resultType(Object fn) {
        Class<?> found = resultTypeByFunction.computeIfAbsent(fn, f -> {
            LambdaInfo info = info(f);
            Class<?> type = info.instantiatedDescriptor() == null ? null
                    : load(Type.getReturnType(info.instantiatedDescriptor()), info.loader());
            return type == null ? Unknown.class : type;
        });
        return found == Unknown.class ? null : found;
    }

    /** The argument types the function was instantiated with, or null if its class file does not say. */
    public Class<?>[] argumentTypes(Object fn) {
        Class<?>[] found = argumentTypesByFunction.computeIfAbsent(fn, f -> {
            Class<?>[] types = argumentTypesOf(info(f));
            return types == null ? NO_TYPES : types;
        });
        return found == NO_TYPES ? null : found;
    }

    /** Stand-ins for "not known" in the memo maps (which cannot hold null). */
    private static final class Unknown {
    }

    private static final Class<?>[] NO_TYPES = new Class<?>[0];

    private static Class<?>[] argumentTypesOf(LambdaInfo info) {
        if (info.instantiatedDescriptor() == null) {
            return null;
        }
        Type[] types = Type.getArgumentTypes(info.instantiatedDescriptor());
        Class<?>[] classes = new Class<?>[types.length];
        for (int i = 0; i < types.length; i++) {
            classes[i] = load(types[i], info.loader());
            if (classes[i] == null) {
                return null;
            }
        }
        return classes;
    }

    private static Class<?> load(Type type, ClassLoader loader) {
        try {
            String name = type.getSort() == Type.ARRAY ? type.getDescriptor().replace('/', '.') : type.getClassName();
            return switch (type.getSort()) {
                case Type.OBJECT, Type.ARRAY -> Class.forName(name, false, loader);
                default -> null; // primitives do not occur in instantiated generic types
            };
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
