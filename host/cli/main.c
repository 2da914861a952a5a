#include <stdio.h>
int main(void) { puts("zkaccel"); return 0; }
