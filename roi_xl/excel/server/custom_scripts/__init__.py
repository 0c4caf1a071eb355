"""xlwings Server needs a custom-scripts module; roi_xl has no scripts, only functions."""
