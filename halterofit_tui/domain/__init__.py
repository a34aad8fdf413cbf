"""Pure training logic: units, set notation, strength maths, calculators. Standard library only."""
