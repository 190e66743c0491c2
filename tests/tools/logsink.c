/*
 * A syslog socket a test owns: every datagram sent to SOCKET is appended
 * to FILE as one line.  kopdesd writes there instead of /dev/log when
 * KOPDES_SYSLOG_SOCKET names SOCKET.  Runs until killed.
 *
 *   logsink SOCKET FILE
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct sockaddr_un sun;
	char buf[2048];
	ssize_t n;
	int s, fd;

	if (argc != 3 || strlen(argv[1]) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "usage: logsink SOCKET FILE\n");
		return 2;
	}
	if ((fd = open(argv[2], O_WRONLY | O_CREAT | O_APPEND, 0644)) == -1 ||
	    (s = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1) {
		perror("logsink");
		return 1;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, argv[1], strlen(argv[1]));
	unlink(argv[1]);
	if (bind(s, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		perror("logsink: bind");
		return 1;
	}
	while ((n = recv(s, buf, sizeof(buf) - 1, 0)) >= 0) {
		buf[n++] = '\n';
		if (write(fd, buf, (size_t)n) != n) {
			perror("logsink: write");
			return 1;
		}
	}
	perror("logsink: recv");
	return 1;
}
