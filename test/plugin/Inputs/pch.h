// Input of test/plugin/pch.cpp: the headers the other inputs include.
#include <agen/agen.hpp>

#include <cstdio>
