/** Transport setup shared by every server and client: gRPC on unix sockets over Netty epoll. */
package dev.cortado.transport;
