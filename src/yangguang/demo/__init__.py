"""The demo county (阳光县): a fictional county loaded through the services, for
trying the platform out (``yangguang demo``, then ``yangguang serve``)."""
