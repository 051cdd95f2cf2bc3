package dev.phasor.code;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * What a step function's class file says about it: the method that implements it, the types it was
 * instantiated with, and the values it captured. Read through {@link SerializedLambda}, which is why
 * the step function interfaces are {@code Serializable} (the lambda itself is never serialized).
 *
 * @param implClass internal name of the class holding the implementation method
 * @param implMethod the implementation method's name ({@code lambda$...} for a lambda)
 * @param implDescriptor its JVM descriptor
 * @param instantiatedDescriptor the functional method's descriptor with generic types filled in, or null
 * @param captured captured values (for a lambda), in order
 * @param loader the class loader that defined the function's class
 */
record LambdaInfo(String implClass, String implMethod, String implDescriptor, String instantiatedDescriptor,
        List<Object> captured, ClassLoader loader) {

    /** True for a lambda expression (as opposed to a method reference or a named class). */
    boolean isLambdaBody() {
        return implMethod.startsWith("lambda$");
    }

    static LambdaInfo of(Object fn) {
        Class<?> type = fn.getClass();
        ClassLoader loader = type.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : type.getClassLoader();
        try {
            Method writeReplace = type.getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            if (writeReplace.invoke(fn) instanceof SerializedLambda sl) {
                List<Object> captured = new ArrayList<>(sl.getCapturedArgCount());
                for (int i = 0; i < sl.getCapturedArgCount(); i++) {
                    captured.add(sl.getCapturedArg(i));
                }
                return new LambdaInfo(sl.getImplClass(), sl.getImplMethodName(), sl.getImplMethodSignature(),
                        sl.getInstantiatedMethodType(), captured, loader);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Not a serializable lambda: a named class implementing the interface; fall through.
        }
        return new LambdaInfo(type.getName().replace('.', '/'), "apply", null, null, List.of(), loader);
    }
}
