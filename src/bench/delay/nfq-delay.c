/*
 * nfq-delay: the bench's one-way delay (docs/benchmarks.md, "Settings").
 *
 * The kernel the bench was written on has no sch_netem, so the emulated
 * network (src/bench/netns.ts) sends every IPv4 packet that crosses its hub
 * namespace to an NFQUEUE, and this program gives each one its verdict
 * (accept) DELAY_US microseconds after it arrived. Packets leave in arrival
 * order; only their metadata is copied to user space. If the program is
 * gone, the iptables rule's --queue-bypass lets packets pass undelayed.
 *
 *   usage: nfq-delay QUEUE_NUM DELAY_US
 *   build: gcc -O2 -o nfq-delay nfq-delay.c -lnetfilter_queue -lnfnetlink
 *
 * It runs until SIGTERM/SIGINT, or until its parent (the bench) is gone.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <linux/netfilter.h>
#include <linux/netlink.h>
#include <libnetfilter_queue/libnetfilter_queue.h>

/* packets held at once: at 5 ms, 2^17 full frames would be ~300 Gbit/s, far above any bench link */
#define HELD_MAX (1u << 17)
/* verdicts are given in batches: a packet leaves at most this late (ns) */
#define SLACK_NS 100000ull

struct held { uint32_t id; uint64_t due_ns; };

static struct held queue[HELD_MAX];
static uint32_t first, count;
static uint64_t delay_ns, seen, unheld;
static volatile sig_atomic_t stopping;

static uint64_t clock_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static int on_packet(struct nfq_q_handle *qh, struct nfgenmsg *msg, struct nfq_data *data, void *arg)
{
	(void)msg; (void)arg;
	struct nfqnl_msg_packet_hdr *hdr = nfq_get_msg_packet_hdr(data);
	if (hdr == NULL)
		return 0;
	uint32_t id = ntohl(hdr->packet_id);
	seen++;
	if (count == HELD_MAX) { /* no room: better undelayed than dropped */
		unheld++;
		return nfq_set_verdict(qh, id, NF_ACCEPT, 0, NULL);
	}
	struct held *slot = &queue[(first + count) % HELD_MAX];
	slot->id = id;
	slot->due_ns = clock_ns() + delay_ns;
	count++;
	return 0;
}

/* accepts every packet that is due by `now`; one batch verdict covers all ids up to the last */
static void release_due(struct nfq_q_handle *qh, uint64_t now)
{
	uint32_t last = 0;
	int any = 0;
	while (count > 0 && queue[first].due_ns <= now + SLACK_NS) {
		last = queue[first].id;
		first = (first + 1) % HELD_MAX;
		count--;
		any = 1;
	}
	if (any)
		nfq_set_verdict_batch(qh, last, NF_ACCEPT);
}

static void on_signal(int sig) { (void)sig; stopping = 1; }

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s QUEUE_NUM DELAY_US\n", argv[0]);
		return 2;
	}
	char *end;
	unsigned long queue_num = strtoul(argv[1], &end, 10);
	if (*end != '\0' || queue_num > 65535) {
		fprintf(stderr, "nfq-delay: bad queue number \"%s\"\n", argv[1]);
		return 2;
	}
	unsigned long long delay_us = strtoull(argv[2], &end, 10);
	if (*end != '\0' || delay_us > 10000000ull) {
		fprintf(stderr, "nfq-delay: bad delay \"%s\" (microseconds, at most 10 s)\n", argv[2]);
		return 2;
	}
	delay_ns = delay_us * 1000ull;
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	prctl(PR_SET_PDEATHSIG, SIGTERM); /* never outlive the bench */

	struct nfq_handle *h = nfq_open();
	if (h == NULL) { perror("nfq-delay: nfq_open"); return 1; }
	struct nfq_q_handle *qh = nfq_create_queue(h, (uint16_t)queue_num, on_packet, NULL);
	if (qh == NULL) { perror("nfq-delay: nfq_create_queue"); return 1; }
	if (nfq_set_mode(qh, NFQNL_COPY_META, 0) < 0) { perror("nfq-delay: nfq_set_mode"); return 1; }
	nfq_set_queue_maxlen(qh, HELD_MAX);
	nfq_set_queue_flags(qh, NFQA_CFG_F_FAIL_OPEN, NFQA_CFG_F_FAIL_OPEN);
	nfnl_rcvbufsiz(nfq_nfnlh(h), 16 << 20);
	int fd = nfq_fd(h);
	int on = 1;
	setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &on, sizeof on);
	printf("nfq-delay: queue %lu, %llu us\n", queue_num, delay_us);
	fflush(stdout);

	static char buf[65536] __attribute__((aligned));
	while (!stopping) {
		/* wait for a packet, or until the oldest held one is due */
		int timeout_ms = 100;
		if (count > 0) {
			uint64_t now = clock_ns();
			uint64_t due = queue[first].due_ns;
			timeout_ms = due <= now + SLACK_NS ? 0 : (int)((due - now + 999999ull) / 1000000ull);
		}
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct timespec wait = { .tv_sec = timeout_ms / 1000, .tv_nsec = (long)(timeout_ms % 1000) * 1000000L };
		if (count > 0 && timeout_ms <= 1) { /* sub-millisecond waits: ppoll takes nanoseconds */
			uint64_t now = clock_ns();
			uint64_t due = queue[first].due_ns;
			wait.tv_sec = 0;
			wait.tv_nsec = due > now ? (long)(due - now) : 0;
		}
		if (ppoll(&p, 1, &wait, NULL) < 0 && errno != EINTR)
			break;
		for (;;) {
			ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
			if (n < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			nfq_handle_packet(h, buf, (int)n);
		}
		release_due(qh, clock_ns());
	}
	if (count > 0)
		nfq_set_verdict_batch(qh, queue[(first + count - 1) % HELD_MAX].id, NF_ACCEPT);
	fprintf(stderr, "nfq-delay: %llu packets, %llu passed undelayed (queue full)\n",
		(unsigned long long)seen, (unsigned long long)unheld);
	nfq_destroy_queue(qh);
	nfq_close(h);
	return 0;
}
