import numpy as np

x = undefined_name + 1
