"""Which unit answers a case (`units`) and the admins' routing rules that decide it (`rules`)."""
