limits
