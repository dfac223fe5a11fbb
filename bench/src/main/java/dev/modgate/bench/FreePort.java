package dev.modgate.bench;

import java.net.InetAddress;
import java.net.ServerSocket;

/** Prints a loopback TCP port that is free right now. */
public final class FreePort {
    public static void main(String[] args) throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.out.println(s.getLocalPort());
        }
    }
}
