package dev.phasor.code;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Text of a method's instructions, for hashing: opcodes and operands without line numbers, local
 * variable names or frames, so moving code or renaming locals changes nothing, and any change in
 * what the method does changes the text. Synthetic lambda names ({@code lambda$main$3}) are written
 * as {@code lambda$}, since they shift when other lambdas are added to the class.
 *
 * <p>Also follows calls into methods of the same class (transitively, up to {@link #MAX_METHODS}),
 * so a helper changed by the user changes the key of every step calling it.
 */
final class BytecodeDigest {

    static final int MAX_METHODS = 64;

    /** internal class name -> (method name + descriptor -> instruction text); null value = class unreadable. */
    private final Map<String, Map<String, MethodText>> classes = new HashMap<>();

    /** Instruction text of a method and the same-class methods it calls. */
    record MethodText(String text, java.util.List<String> sameClassCalls) {
    }

    /**
     * The text of {@code method} (name + descriptor, or a bare name to take every overload) in
     * {@code internalClass} followed by the texts of the same-class methods it reaches; null if the class
     * file cannot be read.
     */
    String textOf(String internalClass, String method, ClassLoader loader) {
        Map<String, MethodText> methods = classes.computeIfAbsent(internalClass, c -> read(c, loader));
        if (methods == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        ArrayDeque<String> work = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        for (String sig : methods.keySet()) {
            if (sig.equals(method) || sig.startsWith(method + "(")) {
                work.add(sig);
            }
        }
        while (!work.isEmpty() && seen.size() < MAX_METHODS) {
            String sig = work.poll();
            MethodText m = methods.get(sig);
            if (m == null || !seen.add(sig)) {
                continue;
            }
            out.append(normalise(sig)).append('{').append(m.text).append("}\n");
            work.addAll(m.sameClassCalls);
        }
        return out.toString();
    }

    private static Map<String, MethodText> read(String internalClass, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(internalClass + ".class")) {
            if (in == null) {
                return null;
            }
            Map<String, MethodText> methods = new LinkedHashMap<>();
            new ClassReader(in.readAllBytes()).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String signature,
                        String[] exceptions) {
                    return new Recorder(internalClass, name + desc, methods);
                }
            }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return methods;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String normalise(String name) {
        return name.startsWith("lambda$") ? "lambda$" + name.substring(name.indexOf('(') < 0 ? name.length()
                : name.indexOf('(')) : name;
    }

    /** Writes each instruction as text; labels become their order of appearance. */
    private static final class Recorder extends MethodVisitor {
        private final String owner;
        private final String sig;
        private final Map<String, MethodText> sink;
        private final StringBuilder sb = new StringBuilder();
        private final Set<String> calls = new java.util.TreeSet<>(); // sorted: same order in every JVM
        private final Map<Label, Integer> labels = new HashMap<>();

        Recorder(String owner, String sig, Map<String, MethodText> sink) {
            super(Opcodes.ASM9);
            this.owner = owner;
            this.sig = sig;
            this.sink = sink;
        }

        private String label(Label l) {
            return "L" + labels.computeIfAbsent(l, k -> labels.size());
        }

        private void op(int opcode, Object... operands) {
            sb.append(opcode);
            for (Object o : operands) {
                sb.append(' ').append(o);
            }
            sb.append(';');
        }

        @Override
        public void visitInsn(int opcode) {
            op(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            op(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            op(opcode, var);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            op(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String fieldOwner, String name, String desc) {
            op(opcode, fieldOwner, name, desc);
        }

        @Override
        public void visitMethodInsn(int opcode, String methodOwner, String name, String desc, boolean itf) {
            op(opcode, methodOwner, normalise(name + desc));
            if (methodOwner.equals(owner)) {
                calls.add(name + desc);
            }
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String desc, Handle bsm, Object... args) {
            StringBuilder a = new StringBuilder();
            for (Object arg : args) {
                if (arg instanceof Handle h) {
                    a.append(h.getOwner()).append('.').append(normalise(h.getName() + h.getDesc())).append(',');
                    if (h.getOwner().equals(owner)) {
                        calls.add(h.getName() + h.getDesc());
                    }
                } else {
                    a.append(arg).append(',');
                }
            }
            op(Opcodes.INVOKEDYNAMIC, name, desc, bsm.getOwner() + "." + bsm.getName(), a);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            op(opcode, label(label));
        }

        @Override
        public void visitLabel(Label label) {
            sb.append(label(label)).append(':');
        }

        @Override
        public void visitLdcInsn(Object value) {
            op(Opcodes.LDC, value.getClass().getSimpleName() + ":" + value);
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            op(Opcodes.IINC, var, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... targets) {
            StringBuilder t = new StringBuilder();
            for (Label l : targets) {
                t.append(label(l)).append(',');
            }
            op(Opcodes.TABLESWITCH, min, max, label(dflt), t);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] targets) {
            StringBuilder t = new StringBuilder();
            for (int i = 0; i < keys.length; i++) {
                t.append(keys[i]).append('>').append(label(targets[i])).append(',');
            }
            op(Opcodes.LOOKUPSWITCH, label(dflt), t);
        }

        @Override
        public void visitMultiANewArrayInsn(String desc, int dims) {
            op(Opcodes.MULTIANEWARRAY, desc, dims);
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            sb.append("try ").append(label(start)).append(' ').append(label(end)).append(' ')
                    .append(label(handler)).append(' ').append(type).append(';');
        }

        @Override
        public void visitEnd() {
            sink.put(sig, new MethodText(sb.toString(), java.util.List.copyOf(calls)));
        }
    }
}
