#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
int main(int argc, char **argv) {
  printf("hello from nanos argc=%d argv1=%s\n", argc, argc > 1 ? argv[1] : "-");
  char buf[64] = {0};
  int fd = open("/etc/msg", O_RDONLY);
  if (fd >= 0) { read(fd, buf, 63); printf("msg=%s", buf); }
  FILE *f = fopen("/tmp/out.txt", "w"); if (f) { fputs("written\n", f); fclose(f); }
  return 3;
}
