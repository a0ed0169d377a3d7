package dev.maestro.inventory.identity;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The bodies of the identity calls. */
final class AuthRequests {

	private AuthRequests() {
	}

	record Register(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 128) String password,
			@NotBlank @Size(max = 100) String name) {
	}

	record Login(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 128) String password) {
	}

	record Refresh(@NotBlank @Size(max = 200) String refreshToken) {
	}

	record ForgotPassword(@NotBlank @Email @Size(max = 254) String email) {
	}

	record ResetPassword(@NotBlank @Size(max = 200) String token, @NotBlank @Size(max = 128) String newPassword) {
	}

	record ChangePassword(@NotBlank @Size(max = 128) String currentPassword,
			@NotBlank @Size(max = 128) String newPassword) {
	}

}
