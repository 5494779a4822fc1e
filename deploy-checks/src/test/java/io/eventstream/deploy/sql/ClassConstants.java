package io.eventstream.deploy.sql;

import java.util.ArrayList;
import java.util.List;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.FieldVisitor;
import org.springframework.asm.Handle;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;

/**
 * The string constants of a compiled class: every String field constant and {@code ldc} (text
 * blocks and compile-time constant concatenations end up there whole) and every {@code StringConcatFactory}
 * recipe (a concatenation with run-time parts), its run-time parts replaced by {@link #DYNAMIC}.
 * Read with Spring's repackaged ASM, so nothing is loaded or run.
 */
final class ClassConstants {

    /** Stands for a run-time part of a concatenation recipe (JVMS: tag \u0001 in the recipe). */
    static final char DYNAMIC = '\u0001';
    private static final char CONSTANT = '\u0002';
    private static final String CONCAT_FACTORY = "java/lang/invoke/StringConcatFactory";

    private ClassConstants() {
    }

    static List<String> of(byte[] classFile) {
        List<String> found = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            /** A {@code static final String} constant used only inside other constants is inlined, never loaded. */
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                    Object value) {
                if (value instanceof String s) {
                    found.add(s);
                }
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitLdcInsn(Object value) {
                        if (value instanceof String s) {
                            found.add(s);
                        }
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String indyName, String desc, Handle bootstrap,
                            Object... arguments) {
                        if (CONCAT_FACTORY.equals(bootstrap.getOwner()) && arguments.length > 0
                                && arguments[0] instanceof String recipe) {
                            found.add(expand(recipe, arguments));
                        }
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES);
        return found;
    }

    /** The recipe with its constant parts (tag \u0002, the bootstrap arguments after it) put in. */
    private static String expand(String recipe, Object[] arguments) {
        StringBuilder text = new StringBuilder();
        int next = 1;
        for (char c : recipe.toCharArray()) {
            if (c == CONSTANT && next < arguments.length) {
                text.append(arguments[next++]);
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
