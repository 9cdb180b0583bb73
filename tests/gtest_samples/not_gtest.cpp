// An executable that is not a GoogleTest binary: it ignores its arguments.
#include <cstdio>

int main()
{
    std::puts("hello, I am not a test binary");
    return 0;
}
