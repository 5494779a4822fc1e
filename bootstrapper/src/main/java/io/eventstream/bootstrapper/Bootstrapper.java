package io.eventstream.bootstrapper;

/** Placeholder: the bootstrapper CLI. */
public final class Bootstrapper {

    public static void main(String[] args) {
        System.out.println("bootstrapper: not implemented yet");
    }
}
