package dev.maestro.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Checks whether a RabbitMQ that the tests may use runs on this machine. A TCP connect alone is
 * not enough: the port may belong to something else, or guest may be refused.
 */
final class LocalRabbitProbe {

	static final String LOCAL_URI = "amqp://guest:guest@127.0.0.1:5672";

	private static final int TIMEOUT_MILLIS = 2000;

	private LocalRabbitProbe() {
	}

	static boolean answers(String amqpUri) {
		URI uri = URI.create(amqpUri);
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), TIMEOUT_MILLIS);
		}
		catch (IOException ex) {
			return false;
		}
		ConnectionFactory factory = new ConnectionFactory();
		factory.setConnectionTimeout(TIMEOUT_MILLIS);
		factory.setHandshakeTimeout(TIMEOUT_MILLIS);
		factory.setAutomaticRecoveryEnabled(false);
		try {
			factory.setUri(amqpUri);
			try (Connection connection = factory.newConnection("maestro-test-probe")) {
				return connection.isOpen();
			}
		}
		catch (Exception ex) {
			return false;
		}
	}

}
