/* The public header compiles alone in strict C99. */
#include <isconform/isconform.h>
int main(void) { return 0; }
