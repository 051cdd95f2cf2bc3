package dev.phasor.key;

import dev.phasor.api.CodeIdentity;
import dev.phasor.api.PipelineDefinitionException;
import dev.phasor.api.ShellResult;
import dev.phasor.api.StepBody;
import dev.phasor.api.StepDefinition;
import dev.phasor.api.StepKind;
import dev.phasor.internal.Hashing;
import dev.phasor.internal.Json;
import dev.phasor.internal.PlainData;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Type;

/**
 * Computes each step's {@link CodeIdentity} while a pipeline is built, and checks that each step's
 * inputs fit its function's declared argument types.
 *
 * <p>How code identity is taken: the step function's implementation method is found through its
 * {@code SerializedLambda}; its bytecode, and that of the methods of the same class it calls
 * (transitively), is normalised ({@link BytecodeDigest}) and hashed together with the values the
 * lambda captured. So editing a step's lambda or method body, or a helper in the same class, changes
 * the key; editing code in other classes does not: bump the step's {@code version} for that. JDK
 * methods used directly as step functions are identified by name only. Shell steps are identified by
 * their command text (their environment is hashed with the parameters).
 *
 * <p>One instance per build; it memoises parsed class files, and what it found per function object: the
 * steps of a large pipeline mostly share a few functions (a non-capturing lambda is one object), so they
 * share one {@link LambdaInfo} and one {@link CodeIdentity} instead of a reflective look and two digests
 * each. Not thread-safe.
 */
public final class CodeIdentities {

    private final BytecodeDigest bytecode = new BytecodeDigest();
    private final Map<Object, LambdaInfo> infoByFunction = new IdentityHashMap<>();
    private final Map<Object, CodeIdentity> identityByFunction = new IdentityHashMap<>();
    private final Map<String, String> textDigests = new HashMap<>();

    /** Identity of a shell command. */
    public CodeIdentity ofCommand(String command) {
        return new CodeIdentity("bash -c " + command, Hashing.sha256Hex("shell;" + command));
    }

    /** A short readable name of a step function: {@code LeibnizPi::leibniz}, or {@code Demo::lambda}. */
    public static String describe(Object fn) {
        LambdaInfo info = LambdaInfo.of(fn);
        String className = info.implClass().substring(info.implClass().lastIndexOf('/') + 1);
        return className + "::" + (info.isLambdaBody() ? "lambda" : info.implMethod());
    }

    /** Identity of a Java step function. */
    public CodeIdentity ofFunction(String step, Object fn) {
        // the same object has the same code and captured values: the same identity
        return identityByFunction.computeIfAbsent(fn, f -> identityOf(info(f)));
    }

    private LambdaInfo info(Object fn) {
        return infoByFunction.computeIfAbsent(fn, LambdaInfo::of);
    }

    private CodeIdentity identityOf(LambdaInfo info) {
        String className = info.implClass().replace('/', '.');
        String description = className + "::" + (info.isLambdaBody() ? "lambda" : info.implMethod());
        String codeDigest = textDigests.computeIfAbsent(info.implClass() + "#" + info.implMethod()
                + info.implDescriptor(), k -> digestOfMethod(info));
        StringBuilder captured = new StringBuilder();
        for (Object value : info.captured()) {
            captured.append(describeCaptured(value, info)).append(';');
        }
        return new CodeIdentity(description, Hashing.sha256Hex(codeDigest + "|" + captured));
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

    /**
     * Checks, for every Java step whose function declares argument types, that each input's producer
     * declares a result type assignable to the argument, and that the argument count fits.
     *
     * @throws PipelineDefinitionException naming the step, the input and both types
     */
    public void checkInputTypes(List<StepDefinition> steps) {
        Map<String, Class<?>> resultTypes = new HashMap<>();
        for (StepDefinition s : steps) {
            resultTypes.put(s.name(), s.kind() == StepKind.SHELL ? ShellResult.class : resultType(s));
        }
        for (StepDefinition s : steps) {
            if (s.body() instanceof StepBody.JavaFunction fn) {
                checkStep(s, fn, resultTypes);
            }
        }
    }

    private void checkStep(StepDefinition s, StepBody.JavaFunction fn, Map<String, Class<?>> resultTypes) {
        Class<?>[] args = argumentTypes(fn);
        if (args == null) {
            return;
        }
        int offset = fn.takesParams() ? 1 : 0;
        int expected = offset + (fn.fanIn() ? 1 : s.inputs().size());
        if (args.length != expected) {
            throw new PipelineDefinitionException("step '" + s.name() + "' has " + (expected - offset)
                    + " input(s) but its function takes " + (args.length - offset));
        }
        if (fn.fanIn()) {
            return; // List<A>: element types are erased
        }
        for (int i = 0; i < s.inputs().size(); i++) {
            Class<?> wanted = args[offset + i];
            Class<?> produced = resultTypes.get(s.inputs().get(i));
            if (wanted != Object.class && produced != null && produced != Object.class
                    && !wanted.isAssignableFrom(produced)) {
                throw new PipelineDefinitionException("step '" + s.name() + "' input " + (i + 1) + " ('"
                        + s.inputs().get(i) + "') produces " + produced.getName() + " but the function of '"
                        + s.name() + "' takes " + wanted.getName());
            }
        }
    }

    private Class<?> resultType(StepDefinition step) {
        if (!(step.body() instanceof StepBody.JavaFunction fn)) {
            return null;
        }
        Class<?> found = resultTypeByFunction.computeIfAbsent(fn.function(), f -> {
            LambdaInfo info = info(f);
            Class<?> type = info.instantiatedDescriptor() == null ? null
                    : load(Type.getReturnType(info.instantiatedDescriptor()), info.loader());
            return type == null ? Unknown.class : type;
        });
        return found == Unknown.class ? null : found;
    }

    private Class<?>[] argumentTypes(StepBody.JavaFunction fn) {
        Class<?>[] found = argumentTypesByFunction.computeIfAbsent(fn.function(), f -> {
            Class<?>[] types = argumentTypesOf(info(f));
            return types == null ? NO_TYPES : types;
        });
        return found == NO_TYPES ? null : found;
    }

    /** Stand-ins for "not known" in the memo maps (which cannot hold null). */
    private static final class Unknown {
    }

    private static final Class<?>[] NO_TYPES = new Class<?>[0];
    private final Map<Object, Class<?>> resultTypeByFunction = new IdentityHashMap<>();
    private final Map<Object, Class<?>[]> argumentTypesByFunction = new IdentityHashMap<>();

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
