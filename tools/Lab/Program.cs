// Placeholder entry point; the command line is being built (issue: repository foundation).
return 0;
