// Placeholder until the Demo program lands (this session); replaced by its owner.
return 0;
