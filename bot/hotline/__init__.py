"""The hotline joined to the hub: the hub's implementation of the IVR's backend port and `ttcs ivr`."""
